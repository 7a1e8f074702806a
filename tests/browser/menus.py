"""The top bar's menus, as a person opens them."""


def log_out(page):
    """Log out from the user's menu (the name in the top bar)."""
    page.locator("#user-menu-button").click()
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(lambda url: "/accounts/login/" in url or url.endswith("/"))
