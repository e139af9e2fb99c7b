// The status page updates itself: the server pushes the board, already rendered, over
// server-sent events, and this swaps it in. No reload, no framework; the page is complete
// without it (then it refreshes every 15 s through <noscript>).
(function () {
  "use strict";
  var board = document.getElementById("board");
  var live = document.getElementById("live");
  if (!board || !window.EventSource) { return; }
  var source = new EventSource(board.getAttribute("data-stream"));
  source.addEventListener("board", function (event) {
    board.innerHTML = event.data;
  });
  source.onopen = function () {
    live.textContent = "实时更新";
    document.body.classList.remove("offline");
  };
  source.onerror = function () {  // EventSource reconnects by itself
    live.textContent = "连接中断，正在重连…";
    document.body.classList.add("offline");
  };
})();
