"""Back office: import of inventories from CSV/XLSX. Upload, the check report (dry run), confirm;
the check and the load run as background jobs and the job page refreshes itself while they run.
Only archivists (manage_holdings) import, and only into their archives; another archive's job
answers 404."""
from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import import_jobs, importer
from .choices import ImportStatus
from .models import ImportJob
from .views import OfficeView

SAMPLE = Path(settings.BASE_DIR) / "docs" / "samples" / "inventory_import.csv"
RUNNING = (ImportStatus.UPLOADED, ImportStatus.CHECKING, ImportStatus.LOADING)


class ImportForm(forms.Form):
    archive = forms.ModelChoiceField(label=gettext_lazy("Archive"), queryset=None, empty_label=None)
    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"),
                           help_text=gettext_lazy("UTF-8 CSV with a comma or semicolon, or the first sheet of an XLSX "
                                                  "workbook; the first row names the columns."))

    def __init__(self, *args, user, initial_archive=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].queryset = import_jobs.importable_archives(user)
        if initial_archive is not None:
            self.fields["archive"].initial = initial_archive.pk
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in importer.EXTENSIONS:
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return upload


class _ImportView(OfficeView):
    """Archivists of some archive only."""

    def prepare(self, **kwargs) -> None:
        if not import_jobs.importable_archives(self.request.user).exists():
            raise PermissionDenied
        self._authorized = True  # each job is checked against the user's archives below

    def job(self, pk: int) -> ImportJob:
        job = import_jobs.jobs_for(self.request.user).filter(pk=pk).first()
        if job is None:
            raise Http404
        return job


class ImportListView(_ImportView):
    template_name = "holdings/import_list.html"

    def get(self, request: HttpRequest, form: ImportForm | None = None) -> HttpResponse:
        from .selectors import current_archive

        form = form or ImportForm(user=request.user, initial_archive=current_archive(request))
        return self.render({"form": form, "jobs": list(import_jobs.jobs_for(request.user)[:30]),
                            "columns": importer.COLUMNS}, status=400 if form.is_bound else 200)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                job = import_jobs.import_job_create(actor=request.user, archive=form.cleaned_data["archive"],
                                                 upload=form.cleaned_data["file"])
            except import_jobs.ImportJobError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("holdings:import_detail", pk=job.pk)
        return self.get(request, form=form)


class ImportDetailView(_ImportView):
    template_name = "holdings/import_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job(pk)
        report = job.report or {}
        errors = [{**e, "message": importer.message(e)} for e in report.get("errors", [])]
        warnings = [{**w, "message": importer.message(w)} for w in report.get("warnings", [])]
        progress = cache.get(import_jobs.progress_key(job.pk)) if job.status in RUNNING else None
        percent = None
        if progress and progress.get("total"):
            percent = min(100, int(100 * progress["rows"] / progress["total"]))
        return self.render({"job": job, "report": report, "errors": errors, "warnings": warnings,
                            "more_errors": max(0, report.get("error_count", 0) - len(errors)),
                            "running": job.status in RUNNING, "progress": progress, "percent": percent,
                            "can_confirm": job.status == ImportStatus.CHECKED})


class ImportConfirmView(_ImportView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.job(pk)
        try:
            import_jobs.import_job_confirm(actor=request.user, job=job)
        except import_jobs.ImportJobError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The load has started."))
        return redirect("holdings:import_detail", pk=job.pk)


class ImportSampleView(_ImportView):
    def get(self, request: HttpRequest) -> FileResponse:
        return FileResponse(SAMPLE.open("rb"), as_attachment=True, filename="inventory_import.csv",
                            content_type="text/csv; charset=utf-8")
