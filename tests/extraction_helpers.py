"""Finding entities and relations in an Extraction by name, as a reader would check them."""
from kg.arabic import normalize


def find_entity(extraction, name, type_=None):
    """The entity named ``name`` exactly, else the one a name of which starts with it (events)."""
    wanted = normalize(name)
    for exact in (True, False):
        for ent in extraction.entities:
            names = {normalize(ent.label), *(normalize(m) for m in ent.surface_forms)}
            hit = wanted in names if exact else any(n.startswith(wanted + " ") for n in names)
            if hit and (type_ is None or ent.type.value == type_):
                return ent
    return None


def has_relation(extraction, subject, predicate, obj):
    """True when the extraction links the entities so named by ``predicate`` (either way if symmetric)."""
    s, o = find_entity(extraction, subject), find_entity(extraction, obj)
    if s is None or o is None:
        return False
    for rel in extraction.relations:
        if rel.predicate != predicate:
            continue
        if (rel.subject, rel.object) == (s.id, o.id):
            return True
        if predicate in ("metWith", "cooperatesWith") and (rel.subject, rel.object) == (o.id, s.id):
            return True
    return False
