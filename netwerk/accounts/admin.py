from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .models import Profile, SignupInvitation, User
from .signup_invitations import invitation_link


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    exclude = ("next_digest_at", "digest_failure", "digest_failed_at")


class SuperuserOnly:
    """Only superusers see and change these; members reach only their own data."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


@admin.register(User)
class MemberAdmin(SuperuserOnly, UserAdmin):
    """Members, for superusers. No groups or permissions: the admin opens a member's own
    contacts and labels by the staff flag alone (contacts/admin.py), and Django names
    permissions in English ("Can add contact") in the database."""

    inlines = [ProfileInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "email_verified")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_filter = ("is_staff", "is_superuser", "is_active")
    filter_horizontal = ()



@admin.register(SignupInvitation)
class SignupInvitationAdmin(SuperuserOnly, admin.ModelAdmin):
    """Sign-up invitations, for when sign-up is invite-only (NETWERK_SIGNUP=invite):
    add one, then send the person its link."""

    list_display = ("__str__", "link", "created_at", "expires_at", "used_at", "user")
    fields = ("note", "expires_at", "link", "created_by", "used_at", "user")
    readonly_fields = ("link", "created_by", "used_at", "user")

    @admin.display(description=_("link"))
    def link(self, obj) -> str:
        return invitation_link(obj) if obj.pk else ""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# Groups hand out permissions, which nothing in Netwerk reads.
admin.site.unregister(Group)
