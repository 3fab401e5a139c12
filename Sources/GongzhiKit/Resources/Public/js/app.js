// Progressive touches only; every page works without script.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const message = form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});

// A picker's filter box narrows its select to the options whose label holds the typed text (`Picker`).
document.addEventListener("input", (event) => {
  const box = event.target;
  if (!box.matches || !box.matches(".picker-filter")) return;
  const select = document.getElementById(box.getAttribute("data-picker"));
  if (!select) return;
  const text = box.value.trim().toLowerCase();
  let firstShown = null;
  for (const option of select.options) {
    const shown = !option.value || !text || option.text.toLowerCase().includes(text);
    option.hidden = !shown;
    if (shown && option.value && !firstShown) firstShown = option;
  }
  const current = select.options[select.selectedIndex];
  if ((!current || current.hidden || !current.value) && firstShown) firstShown.selected = true;
});

// A list opened in full to print (`?print=all`) opens the print dialog once drawn.
window.addEventListener("load", () => { if (document.body.dataset.print === "all") window.print(); });
