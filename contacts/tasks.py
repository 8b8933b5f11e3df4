from celery import shared_task

from .importing import run_import_job


@shared_task(name="contacts.tasks.run_import", ignore_result=True)
def run_import(job_id: int) -> None:
    """Import an uploaded LinkedIn export in the background (idempotent: a job runs once)."""
    run_import_job(job_id=job_id)


@shared_task(name="contacts.find_duplicates", ignore_result=True)
def find_duplicates(owner_id: int) -> None:
    """Look for the member's duplicate contacts and keep the pairs (contacts.duplicates)."""
    from django.contrib.auth import get_user_model

    from .duplicates import refresh

    owner = get_user_model().objects.filter(pk=owner_id).first()
    if owner is not None:
        refresh(owner)


@shared_task(name="contacts.find_requested_duplicates", ignore_result=True)
def find_requested_duplicates() -> None:
    """Run every scan requested while the broker was away."""
    from .scanning import pending_owner_ids

    for owner_id in pending_owner_ids():
        find_duplicates(owner_id)
