"""The wording of certificates in Kazakh and Russian that staff start from (administrators may
change it in the admin). Placeholders: {person}, {organization}, {position}, {years}, {details}."""
from django.db import migrations

TEMPLATES = {
    "ru": {
        "work_record": ("Архивная справка",
                        "Архивная справка о подтверждении трудового стажа.\n\n"
                        "В документах по личному составу {organization} имеются сведения о том, что {person} "
                        "работал(а) в должности {position} в период {years}.\n\n{details}"),
        "salary": ("Архивная справка",
                   "Архивная справка о заработной плате.\n\n"
                   "В лицевых счетах по начислению заработной платы работникам {organization} за {years} "
                   "значится заработная плата {person} ({position}) в следующих размерах:\n\n{details}"),
        "awards": ("Архивная справка",
                   "Архивная справка о награждении.\n\n"
                   "В документах {organization} имеются сведения о награждении {person} ({position}) "
                   "в период {years}:\n\n{details}"),
        "education": ("Архивная справка",
                      "Архивная справка об обучении.\n\n"
                      "В документах {organization} имеются сведения об обучении {person} в период {years}:"
                      "\n\n{details}"),
        "other": ("Архивная справка",
                  "В документах {organization} за {years} имеются следующие сведения о {person}:\n\n{details}"),
        "archival_copy": ("Архивная копия",
                          "Настоящая архивная копия дословно воспроизводит текст документа {organization} "
                          "за {years}:\n\n{details}"),
        "archival_extract": ("Архивная выписка",
                             "Архивная выписка из документов {organization} за {years}:\n\n{details}"),
    },
    "kk": {
        "work_record": ("Мұрағаттық анықтама",
                        "Еңбек өтілін растау туралы мұрағаттық анықтама.\n\n"
                        "{organization} жеке құрамы бойынша құжаттарында {person} {years} кезеңінде {position} "
                        "лауазымында жұмыс істегені туралы мәліметтер бар.\n\n{details}"),
        "salary": ("Мұрағаттық анықтама",
                   "Жалақы туралы мұрағаттық анықтама.\n\n"
                   "{organization} қызметкерлеріне жалақы есептеу жөніндегі дербес шоттарда {years} "
                   "жылдардағы {person} ({position}) жалақысы мынадай мөлшерде көрсетілген:\n\n{details}"),
        "awards": ("Мұрағаттық анықтама",
                   "Марапаттау туралы мұрағаттық анықтама.\n\n"
                   "{organization} құжаттарында {person} ({position}) {years} кезеңінде марапатталғаны туралы "
                   "мәліметтер бар:\n\n{details}"),
        "education": ("Мұрағаттық анықтама",
                      "Оқу туралы мұрағаттық анықтама.\n\n"
                      "{organization} құжаттарында {person} {years} кезеңінде оқығаны туралы мәліметтер бар:"
                      "\n\n{details}"),
        "other": ("Мұрағаттық анықтама",
                  "{organization} құжаттарында {years} жылдардағы {person} туралы мынадай мәліметтер бар:"
                  "\n\n{details}"),
        "archival_copy": ("Мұрағаттық көшірме",
                          "Осы мұрағаттық көшірме {organization} құжатының ({years}) мәтінін сөзбе-сөз "
                          "қайталайды:\n\n{details}"),
        "archival_extract": ("Мұрағаттық үзінді көшірме",
                             "{organization} құжаттарынан ({years}) мұрағаттық үзінді көшірме:\n\n{details}"),
    },
}


def forwards(apps, schema_editor):
    Template = apps.get_model("readingroom", "CertificateTemplate")
    for language, kinds in TEMPLATES.items():
        for kind, (title, body) in kinds.items():
            Template.objects.get_or_create(kind=kind, language=language, defaults={"title": title, "body": body})


def backwards(apps, schema_editor):
    apps.get_model("readingroom", "CertificateTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("readingroom", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
