// Vite's ?raw imports (used by tests that read the style sheet as text)
declare module '*?raw' {
  const text: string;
  export default text;
}

// Vite's ?url imports (pdf.js's worker, served as an asset from the UI's own origin: the CSP allows only 'self')
declare module '*?url' {
  const url: string;
  export default url;
}
