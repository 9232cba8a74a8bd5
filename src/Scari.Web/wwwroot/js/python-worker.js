// Runs the Python of a lesson with Pyodide, served by SCARI itself (/lib/pyodide/). Standard library only: nothing is
// installed with loadPackage, so nothing is fetched from the internet. The page stops this worker after its time limit.
// Its own response carries 'wasm-unsafe-eval' in the CSP (a worker takes its policy from its script's response).
importScripts("/lib/pyodide/pyodide.js");

const ready = loadPyodide({ indexURL: "/lib/pyodide/", fullStdLib: false }).then(
  (pyodide) => { postMessage({ tipo: "listo" }); return pyodide; },
  (error) => { postMessage({ tipo: "sin-python", mensaje: String(error) }); throw error; });

// A traceback without Pyodide's own frames: from the learner's code («<exec>») on.
function traceback(message) {
  const lines = String(message).split("\n");
  const start = lines.findIndex((line) => line.includes('File "<exec>"'));
  return (start > 0 ? ["Traceback (most recent call last):", ...lines.slice(start)] : lines).join("\n").trim();
}

onmessage = async (event) => {
  const pyodide = await ready;
  let output = "";
  const decoder = new TextDecoder();
  const write = (buffer) => { output += decoder.decode(buffer, { stream: true }); return buffer.length; };
  pyodide.setStdout({ write });
  pyodide.setStderr({ write });
  // input() reads the lines the learner wrote in «Datos de entrada»; with none left, it raises EOFError.
  const lines = String(event.data.entrada || "").split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  pyodide.setStdin({ stdin: () => (lines.length ? lines.shift() + "\n" : null), autoEOF: true });
  const globals = pyodide.globals.get("dict")();
  let error = null;
  try {
    pyodide.runPython(event.data.codigo, { globals, filename: "<exec>" });
  } catch (e) {
    error = traceback(e.message);
  } finally {
    globals.destroy();
  }
  postMessage({ tipo: "resultado", salida: output + decoder.decode(), error });
};
