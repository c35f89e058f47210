// The Content-Security-Policy the app runs under, and the other headers the app server sends with
// every response. index.html carries the same policy in a <meta> (server/security.test.mjs keeps
// the two equal), so that it holds wherever dist/ is served; frame-ancestors works only as a
// header (a browser ignores it in a <meta>), so the server adds it.
//
// - scripts and workers: from the app's own origin only (Vite emits module workers as files);
//   no inline script, no eval
// - connect-src ws: wss:: the user picks any broker
// - img-src data: blob:: the PNG export draws the chart's SVG from a blob: URL
// - style-src 'unsafe-inline': React's style attributes
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Headers for every response of the app server. */
export const SECURITY_HEADERS = Object.freeze({
  'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
});
