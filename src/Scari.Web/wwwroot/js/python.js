// «Ejecutar» for the ```python ejecutable blocks of a lesson: the code becomes editable and runs in a Web Worker with
// Pyodide, loaded only when the button is first pressed and stopped (terminated) after the time limit. An exercise's
// output is sent to SCARI, which compares it with the expected one (the expected output never reaches the page).
// Without JavaScript, or without Pyodide's files on the server, the page shows the code as text and no button.
(() => {
  const settings = document.querySelector("[data-python]");
  if (!settings || typeof Worker === "undefined" || typeof WebAssembly === "undefined") return;
  const limit = Number(settings.dataset.limite) * 1000;
  const loadLimit = 120000;
  let worker = null;
  let loaded = null;

  function startWorker() {
    worker = new Worker(settings.dataset.worker);
    loaded = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("tiempo")), loadLimit);
      worker.addEventListener("message", function first(event) {
        if (event.data.tipo === "listo") resolve();
        else if (event.data.tipo === "sin-python") reject(new Error(event.data.mensaje));
        else return;
        clearTimeout(timer);
        worker.removeEventListener("message", first);
      });
      worker.addEventListener("error", () => { clearTimeout(timer); reject(new Error("worker")); });
    });
  }

  function stopWorker() {
    if (worker) worker.terminate();
    worker = null;
    loaded = null;
  }

  async function run(code, input, onLoaded) {
    if (!worker) startWorker();
    try { await loaded; } catch { stopWorker(); return { fallo: "carga" }; }
    onLoaded();
    return new Promise((resolve) => {
      const timer = setTimeout(() => { stopWorker(); resolve({ fallo: "tiempo" }); }, limit);
      worker.addEventListener("message", function result(event) {
        if (event.data.tipo !== "resultado") return;
        clearTimeout(timer);
        worker.removeEventListener("message", result);
        resolve(event.data);
      });
      worker.postMessage({ codigo: code, entrada: input });
    });
  }

  async function check(exercise, output) {
    const body = new FormData();
    body.append("__RequestVerificationToken", settings.querySelector("input[name=__RequestVerificationToken]").value);
    body.append("salida", output);
    const response = await fetch(settings.dataset.revisar + encodeURIComponent(exercise), { method: "POST", body, credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  let count = 0;
  for (const code of document.querySelectorAll("code.python-ejecutable")) {
    const pre = code.closest("pre");
    const exercise = code.dataset.ejercicio;
    const id = `python-${++count}`;
    const box = document.createElement("div");
    box.className = "python-run";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = exercise ? "Ejercicio en Python: escriba o cambie el código y pulse «Ejecutar»" : "Código en Python (puede cambiarlo y ejecutarlo)";
    const editor = document.createElement("textarea");
    editor.id = id;
    editor.className = "python-editor";
    editor.spellcheck = false;
    editor.value = code.textContent.replace(/\n$/, "");
    editor.rows = Math.min(20, editor.value.split("\n").length + 1);
    // A program that asks with input() reads its answers from here, one line each.
    let input = null;
    const inputLabel = document.createElement("label");
    if (/\binput\s*\(/.test(editor.value)) {
      input = document.createElement("textarea");
      input.id = `${id}-entrada`;
      input.className = "python-input";
      input.rows = 3;
      inputLabel.htmlFor = input.id;
      inputLabel.textContent = "Datos de entrada: lo que escribiría en cada input(), una línea por dato";
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button small";
    button.textContent = "Ejecutar";
    const status = document.createElement("p");
    status.className = "python-status";
    status.setAttribute("role", "status");
    const output = document.createElement("pre");
    output.className = "python-output";
    output.tabIndex = 0;
    output.setAttribute("aria-label", "Salida del programa");
    output.hidden = true;
    const verdict = document.createElement("p");
    verdict.className = "python-verdict";
    verdict.setAttribute("role", "status");
    box.append(label, editor, ...(input ? [inputLabel, input] : []), button, status, output, verdict);
    pre.replaceWith(box);

    button.addEventListener("click", async () => {
      button.disabled = true;
      verdict.textContent = "";
      verdict.className = "python-verdict";
      status.textContent = worker ? "Ejecutando…" : "Cargando Python (la primera vez tarda unos segundos)…";
      const result = await run(editor.value, input ? input.value : "", () => { status.textContent = "Ejecutando…"; });
      button.disabled = false;
      if (result.fallo === "carga") { status.textContent = "No se pudo cargar Python en este navegador. Intente de nuevo o use otro navegador."; return; }
      if (result.fallo === "tiempo") {
        status.textContent = `Se detuvo: pasó el límite de ${limit / 1000} segundos. Revise si hay un ciclo que no termina.`;
        output.hidden = true;
        return;
      }
      const text = result.salida + (result.error ? (result.salida && !result.salida.endsWith("\n") ? "\n" : "") + result.error : "");
      output.textContent = text || "(el programa no imprimió nada)";
      output.hidden = false;
      status.textContent = result.error ? "Terminó con un error: lea la última línea de la salida." : "Terminó.";
      if (!exercise || result.error) return;
      if (!settings.dataset.revisar) { verdict.textContent = "Ingrese con su cuenta para que SCARI compruebe su resultado."; return; }
      try {
        const answer = await check(exercise, result.salida);
        verdict.textContent = `${answer.mensaje}. ${answer.detalle}`;
        verdict.classList.add(answer.correcto ? "ok" : "not-yet");
      } catch {
        verdict.textContent = "No se pudo comprobar el resultado: recargue la página e intente de nuevo.";
      }
    });
  }
})();
