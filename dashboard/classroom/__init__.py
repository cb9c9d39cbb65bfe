"""A class plays the region together: one game per code, one seat per state (issue 16).

``game.py`` holds the rules (plain Python, tested without a browser); ``pages.py`` the two
Solara pages, ``/classroom`` for the lecturer and ``/join`` for the students.
"""
