/* Start page search: ArrowDown from the search box moves into the results, ArrowUp/ArrowDown
   move between them, Escape returns to the box. Tab and Enter work without this script. */
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("search");
  if (!box || ["ArrowDown", "ArrowUp", "Escape"].indexOf(event.key) < 0) { return; }
  var links = Array.prototype.slice.call(document.querySelectorAll("#search-results a"));
  var index = links.indexOf(document.activeElement);
  if (document.activeElement === box && event.key === "ArrowDown" && links.length) {
    links[0].focus(); event.preventDefault();
  } else if (index >= 0 && event.key === "ArrowDown" && index < links.length - 1) {
    links[index + 1].focus(); event.preventDefault();
  } else if (index >= 0 && event.key === "ArrowUp") {
    (index > 0 ? links[index - 1] : box).focus(); event.preventDefault();
  } else if (index >= 0 && event.key === "Escape") {
    box.focus(); event.preventDefault();
  }
});
