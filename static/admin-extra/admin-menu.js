// The admin's menu (Django's nav-sidebar) takes 40% of a tablet's width: closed there until the
// person opens it. Runs before Django's nav_sidebar.js, which reads the stored choice; the mark
// lets a wider screen later forget a choice this script made, never one the person made.
(function () {
  "use strict";
  var KEY = "django.admin.navSidebarIsOpen";
  var MARK = "newsroom.navSidebarClosedForWidth";
  try {
    var narrow = window.matchMedia("(max-width: 1024px)").matches;
    if (narrow && localStorage.getItem(KEY) === null) {
      localStorage.setItem(KEY, "false");
      localStorage.setItem(MARK, "1");
    } else if (!narrow && localStorage.getItem(MARK)) {
      if (localStorage.getItem(KEY) === "false") localStorage.removeItem(KEY);
      localStorage.removeItem(MARK);
    }
  } catch (error) {
    // Storage refused (private browsing): Django's default applies.
  }
})();
