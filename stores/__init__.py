"""Rasa's tracker store for this project, configured by module path in endpoints.yml.

* `stores.tracker_store`: the SQL tracker store, with the trackers of active conversations kept
  in memory and checked against the database on every read (docs/performance.md);
* `stores.remote_action`: the one place where something inside Rasa is replaced (the schema
  check of every action server answer), installed by the tracker store.
"""
