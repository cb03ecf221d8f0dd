from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from revmech.accounts.models import Person


@admin.register(Person)
class PersonAdmin(UserAdmin[Person]):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("revmech", {"fields": ("language",)}))
