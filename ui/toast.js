// One calm message at a time at the bottom of the window.

const el = () => document.getElementById("toast");
let timer;

export function toast(message, { error = false, action = null, sticky = false } = {}) {
  const box = el();
  clearTimeout(timer);
  box.replaceChildren(document.createTextNode(message));
  box.classList.toggle("error", error);
  box.setAttribute("role", error ? "alert" : "status");
  if (action) {
    const button = document.createElement("button");
    button.type = "button";
    button.id = "toast-action";
    button.textContent = action.label;
    button.addEventListener("click", () => { box.hidden = true; action.run(); });
    box.append(button);
  }
  box.hidden = false;
  if (!sticky) timer = setTimeout(() => { box.hidden = true; }, error ? 8000 : 3000);
}

/** Shows an error that belongs to no field. */
export function toastError(err) {
  toast(err?.message ?? String(err), { error: true });
}
