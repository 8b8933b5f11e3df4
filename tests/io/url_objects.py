from contacts.models import ImportJob

OBJECT_URLS = {
    "contacts:import_job": lambda owner: {
        "pk": ImportJob.objects.create(
            owner=owner,
            filename="Connections.csv",
            state=ImportJob.State.DONE,
            rows_total=1,
            rows_done=1,
            report={"files": ["Connections.csv"], "contacts": {"created": 1, "updated": 0, "unchanged": 0, "skipped": 0}},
        ).pk
    },
}
