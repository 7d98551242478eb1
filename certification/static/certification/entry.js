// Enter on a drop-down saves too, so the whole loop works from the keyboard.
document.addEventListener("keydown", function (e) {
  if (e.key === "Enter" && e.target.matches("#cert-form select")) {
    e.preventDefault();
    e.target.form.requestSubmit();
  }
});
