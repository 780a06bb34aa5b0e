from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .forms import AdminLoginForm
from .models import User

# The admin's login page goes through the same failure throttling as the site's.
admin.site.login_form = AdminLoginForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "preferred_language", "is_active", "is_staff")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Archive", {"fields": ("preferred_language", "iin", "email_confirmed")}))
