// «Imprimir» buttons: hidden without JavaScript (the page says Ctrl+P); the print stylesheet keeps only what matters.
for (const button of document.querySelectorAll("[data-imprimir]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
