"""One module per page: its layout and its callbacks. Registered with dash.register_page."""
