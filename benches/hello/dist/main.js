// The page's first call to its app, as Rapport's first screen makes one.
window.__TAURI_INTERNALS__.invoke("ready");
