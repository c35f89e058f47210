import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { bootstrap } from './app/bootstrap';
import './app/app.css';

// The worker and the connection start before React's first render, so that loading the worker
// and opening the socket overlap with drawing the page.
const services = bootstrap();

const rootElement = document.getElementById('root');
if (rootElement) {
  createRoot(rootElement).render(
    <StrictMode>
      <App services={services} />
    </StrictMode>,
  );
}
