"""The top bar's menus, as a person opens them."""


def user_menu(page):
    """Open the user's menu (the name in the top bar): profile, password, language, log out."""
    page.locator("#user-menu-button").click()
    return page


def log_out(page):
    user_menu(page).get_by_role("button", name="Log ud").click()
    page.wait_for_url(lambda url: "/accounts/login/" in url or url.endswith("/"))


def choose_language(page, name):
    """Switch the language from the user's menu ("English", "Dansk")."""
    user_menu(page).get_by_role("button", name=name).click()
    page.wait_for_load_state()
