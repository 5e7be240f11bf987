"""Registered providers and their settings."""

from datetime import date
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model

__all__ = ["Provider", "Setting", "SettingType"]


class SettingType(StrEnum):
    """DOMAIN.md §2."""

    CHILDRENS_HOME = "CH"
    SECURE_CHILDRENS_HOME = "SCH"
    SECURE_TRAINING_CENTRE = "STC"
    RESIDENTIAL_FAMILY_CENTRE = "RFC"

    @property
    def label(self) -> str:
        return {
            "CH": "Children's home",
            "SCH": "Secure children's home",
            "STC": "Secure training centre",
            "RFC": "Residential family centre",
        }[self.value]


class Provider(Model):
    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    settings: Mapped[list["Setting"]] = relationship(back_populates="provider", order_by="Setting.name")


class Setting(Model):
    __tablename__ = "settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    urn: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    setting_type: Mapped[str] = mapped_column(String(3))
    local_authority: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(60))
    registered_on: Mapped[date]
    capacity: Mapped[int] = mapped_column(default=0)
    # Regulation 23 reviews of a residential family centre: "at appropriate intervals" (DOMAIN §2).
    review_interval_months: Mapped[int] = mapped_column(default=6)

    provider: Mapped[Provider] = relationship(back_populates="settings")

    @property
    def type_enum(self) -> SettingType:
        return SettingType(self.setting_type)
