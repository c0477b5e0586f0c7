from django_tasks import task


@task()
def run_import(batch_id: int) -> None:
    """Background job: fetch the batch by id and run it. Safe to retry: a finished batch is left alone."""
    from .services import import_batch_run

    import_batch_run(batch_id=batch_id)
