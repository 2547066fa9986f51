"""Leads: the visitor's contact request, stored first, then delivered to the sales team.

`contact` reads and checks contact details, `store` keeps leads in SQL (SQLAlchemy Core),
`mail` and `webhook` notify, `delivery` sends each pending lead exactly once, `office_hours`
and `handoff` decide what the assistant may promise and ask consent with, `conversations`
erases the conversations behind leads, and `settings` reads the environment.
"""
