"""Bodies (机关 / 单位): one platform, many bodies.

Every record (item, application, complaint, reminder, SMS subscriber) belongs to one body;
deliveries belong to their item's body. :mod:`.resolve` finds the body a command acts for
(``--org``, the logged-in actor's unit, the configured body); :mod:`.admin` edits and
disables bodies; :mod:`.migration` assigns the records of an older database to a body.
"""
