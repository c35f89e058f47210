export function App() {
  return <h1>Brokerscope</h1>;
}
