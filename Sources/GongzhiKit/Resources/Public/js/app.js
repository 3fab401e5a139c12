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

// A photo chosen for a form gets a thumbnail made here (at most 320 px, JPEG), sent with it for lists; the server
// checks it and keeps the photo itself without its metadata (`PhotoUpload`).
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!input.matches || !input.matches("input[type=file][data-thumbnail]") || !input.files.length) return;
  const target = input.form && input.form.querySelector(`input[type=file][name="${input.getAttribute("data-thumbnail")}"]`);
  if (!target || typeof DataTransfer === "undefined") return;
  const image = new Image();
  image.onload = () => {
    const scale = Math.min(1, 320 / Math.max(image.naturalWidth, image.naturalHeight));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
    canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => {
      if (!blob) return;
      const files = new DataTransfer();
      files.items.add(new File([blob], "thumbnail.jpg", { type: "image/jpeg" }));
      target.files = files.files;
    }, "image/jpeg", 0.8);
    URL.revokeObjectURL(image.src);
  };
  image.src = URL.createObjectURL(input.files[0]);
});

// A button that prints the page (a slip to hand over).
document.addEventListener("click", (event) => {
  if (event.target.matches && event.target.matches("button[data-print]")) window.print();
});

// A box that ticks or clears every box of a list at once (the places of a bulk task).
document.addEventListener("change", (event) => {
  const all = event.target;
  if (!all.matches || !all.matches("input[data-check-all]") || !all.form) return;
  all.form.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`).forEach((box) => { box.checked = all.checked; });
});
