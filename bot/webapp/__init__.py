"""The Mini App: today's session and progress as a web page inside Telegram, served by the bot.

``auth`` checks the ``initData`` Telegram gives the page, ``api`` answers the page's JSON calls
and serves its static files (``static/``) under ``/app/``.
"""
