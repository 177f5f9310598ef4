"""Making instances of the extractor's frozen, slotted dataclasses (figures, sentences, period mentions) at the
cost of a plain class: a frozen dataclass's __init__ sets each field through object.__setattr__, several times
slower than assigning a slot. `fast_maker(cls)` builds an unfrozen twin with the same fields and slots; it fills a
twin, then makes it an instance of cls (Python allows it: both classes have the same slots, so their instances are
laid out alike). The result is the frozen instance cls(*values) would make: equal, hashed and printed alike,
pickled alike, and frozen."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def fast_maker(cls: type[T]) -> Callable[..., T]:
    """A function making cls(*values), values in the order of cls's fields, for a frozen dataclass with slots;
    cls itself when mypyc compiled it (pipeline.extract.native): a native class's instances are made as
    cheaply, and cannot change class."""
    if "__mypyc_attrs__" in cls.__dict__:
        return cls
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    if not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a frozen dataclass with slots")
    fields = dataclasses.fields(cls)
    if any(field.default_factory is not dataclasses.MISSING or not field.init for field in fields):
        raise TypeError(f"{cls.__name__} has a field made by a factory or left out of __init__")
    # the twin takes the same arguments as cls, positional or by name, with the same defaults
    twin = dataclasses.make_dataclass(
        f"_Unfrozen{cls.__name__}",
        [(field.name, field.type) if field.default is dataclasses.MISSING
         else (field.name, field.type, dataclasses.field(default=field.default)) for field in fields],
        slots=True, eq=False, repr=False)

    def make(*values, **named) -> T:
        instance = twin(*values, **named)
        instance.__class__ = cls
        return instance

    make.__doc__ = f"{cls.__name__}(*values, **named), made through an unfrozen twin (pipeline.extract.frozen)."
    return make


def fast_replacer(cls: type[T]) -> Callable[..., T]:
    """A function making dataclasses.replace(instance, **changes) for an instance of a frozen dataclass with
    slots (fast_maker's), the fields not changed copied from the instance."""
    make = fast_maker(cls)
    names = tuple(field.name for field in dataclasses.fields(cls))

    def replace(instance: T, **changes) -> T:
        for name in changes:
            if name not in names:
                raise TypeError(f"{cls.__name__} has no field {name!r}")
        return make(*[changes[name] if name in changes else getattr(instance, name) for name in names])

    replace.__doc__ = f"dataclasses.replace for a {cls.__name__}, made through fast_maker (pipeline.extract.frozen)."
    return replace


def remade_from_fields(instance: object) -> tuple:
    """A frozen dataclass's __reduce__: pickled as its class and its fields' values, remade by calling the class.
    Needed once mypyc compiles the class (pipeline.extract.native): a native class's own unpickling sets each
    field, which a frozen class forbids. The Python class pickles the same way."""
    fields = dataclasses.fields(instance)  # type: ignore[arg-type]
    return type(instance), tuple(getattr(instance, field.name) for field in fields)
