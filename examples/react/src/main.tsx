import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Registers <tl-provider>, <tl-inbox>, <tl-thread-list>, <tl-timeline> and <tl-composer>.
import '@threadline/widgets';
import { App } from './app.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
