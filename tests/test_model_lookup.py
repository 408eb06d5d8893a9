"""Looking people and targets up by id is fast and never answers from a stale index."""

from xuncha.model.people import Person, Roster


def _person(person_id: str, name: str) -> Person:
    person = Person.__new__(Person)
    person.id, person.name = person_id, name
    return person


def test_a_person_is_found_by_id_and_an_unknown_id_is_not():
    roster = Roster(people=[_person("wang-jianguo", "王建国"), _person("chen-hong", "陈宏")])
    assert roster.person("chen-hong").name == "陈宏"
    assert roster.person("zhou-ming") is None


def test_a_roster_edited_in_place_is_never_answered_from_the_old_index():
    roster = Roster(people=[_person("wang-jianguo", "王建国"), _person("chen-hong", "陈宏")])
    assert roster.person("chen-hong").name == "陈宏"
    roster.people[1] = _person("zhou-ming", "周明")          # same length, other person
    assert roster.person("chen-hong") is None
    assert roster.person("zhou-ming").name == "周明"
    roster.people.insert(0, _person("li-qiang", "李强"))       # every position shifts
    assert roster.person("wang-jianguo").name == "王建国"
    roster.people = [_person("sun-li", "孙丽")]                  # a new list
    assert roster.person("wang-jianguo") is None and roster.person("sun-li").name == "孙丽"


def test_a_person_put_in_place_of_another_is_found_at_once():
    roster = Roster(people=[_person("wang-jianguo", "王建国"), _person("chen-hong", "陈宏")])
    assert roster.person("wang-jianguo").name == "王建国"
    roster.people[1] = _person("zhou-ming", "周明")
    assert roster.person("zhou-ming").name == "周明"
