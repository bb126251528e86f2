// 新增报名: a select that follows another (event <- category, village <- township) offers only the
// options under the one chosen there. Without script every option stays (grouped by its label):
// the server checks the pair either way.
document.querySelectorAll("select[data-follows]").forEach(function (select) {
  var leader = document.getElementById("f-" + select.dataset.follows);
  if (!leader) return;
  function narrow() {
    Array.prototype.forEach.call(select.options, function (o) {
      if (!o.value) return;
      var off = leader.value !== "" && o.dataset.group !== leader.value;
      o.hidden = off;
      o.disabled = off;
    });
    if (select.selectedIndex >= 0 && select.options[select.selectedIndex].disabled) select.value = "";
  }
  leader.addEventListener("change", narrow);
  narrow();
});
