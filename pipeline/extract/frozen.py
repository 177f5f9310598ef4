"""Making instances of the extractor's frozen, slotted dataclasses (figures, sentences) at the cost of a plain
class: a frozen dataclass's __init__ sets each field through object.__setattr__, several times slower than
assigning a slot. `fast_maker(cls)` builds an unfrozen twin with the same fields and slots; it fills a twin,
then makes it an instance of cls (Python allows it: both classes have the same slots, so their instances are
laid out alike). The result is the frozen instance cls(*values) would make: equal, hashed and printed alike,
pickled alike, and frozen."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def fast_maker(cls: type[T]) -> Callable[..., T]:
    """A function making cls(*values), values in the order of cls's fields, for a frozen dataclass with slots."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    if not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a frozen dataclass with slots")
    twin = dataclasses.make_dataclass(f"_Unfrozen{cls.__name__}",
                                      [(field.name, field.type) for field in dataclasses.fields(cls)],
                                      slots=True, eq=False, repr=False)

    def make(*values) -> T:
        instance = twin(*values)
        instance.__class__ = cls
        return instance

    make.__doc__ = f"{cls.__name__}(*values), made through an unfrozen twin (pipeline.extract.frozen)."
    return make
