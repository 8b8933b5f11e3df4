from celery import shared_task

from .importing import run_import_job


@shared_task(name="contacts.tasks.run_import", ignore_result=True)
def run_import(job_id: int) -> None:
    """Import an uploaded LinkedIn export in the background (idempotent: a job runs once)."""
    run_import_job(job_id=job_id)
