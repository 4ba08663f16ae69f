// Copy button of the "token issued" page: copies the token and says so.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copyTarget);
  const status = document.querySelector("[data-copy-status]");
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    status.textContent = "Copied.";
  } catch (error) {
    // Without clipboard access (plain HTTP), the text stays selected for Ctrl+C.
    status.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
  }
});
