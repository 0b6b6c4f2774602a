// Vite's ?raw imports (used by tests that read the style sheet as text)
declare module '*?raw' {
  const text: string;
  export default text;
}
