"""Persistent state, on SQLAlchemy (SQLite or PostgreSQL).

:class:`storage.store.Store` opens the database (applying migrations) and holds one small store
per kind of data, all over the same engine. Each is a :class:`storage.db.StorePart` in its own
module, next to the tables only it writes:

==========================  ======================================================================
``store.chats``             a chat's topic and time zone; moving a chat to its new id
``store.privacy``           consent to the privacy notice; /mydata and /forget over every table
``store.reminders``         a chat's reminders: add, list, pause, resume, move, snooze, skip, delete;
                            the weekly check-in
``store.history``           answers to reminders (done, skipped, snoozed), progress, deliveries
``store.claims``            the reminder engine's claims and records (``scheduler.ports.ClaimPort``)
``store.care``              signs usual for a person, quiet hours, ratings, feedback on content
``store.community``         a group's or channel's daily post; channels connected by an admin
``store.prescriptions``     a prescriber's links, and the patients who opened them
``store.flows``             the state of a flow waiting for a typed answer
``store.presses``           which button presses were handled already
``store.outcomes``          check-ins, goals, warnings shown, a prescriber's alerts (with consent)
``store.plan``              how a person's exercise plan adapted, and undoing it
==========================  ======================================================================

A new kind of data gets its own module and store the same way: tables (``Base`` subclasses, with
a migration), a ``StorePart`` subclass, and one line in ``Store.__init__``. A table with a
``chat_id`` or ``subscription_id`` column is covered by /mydata and /forget with no more code.
Where a step must run inside another store's transaction, it is a module-level function taking
the connection (``community.move_posts``, ``history.write_adherence``, ``care.quiet_window``).

Other layers depend on the Protocols they declare, not on these classes: the reminder engine on
``scheduler.ports.EnginePort``, which ``Store`` satisfies.
"""
