import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { bootstrap } from './app/bootstrap';
import './app/app.css';

// Start the MQTT worker and the connection before React's first render, so that loading the
// worker and opening the socket overlap with drawing the page.
bootstrap();

const rootElement = document.getElementById('root');
if (rootElement) {
  createRoot(rootElement).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
