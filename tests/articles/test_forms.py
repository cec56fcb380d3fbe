"""The story form after a stale save: a merge of both people's changes, never a silent overwrite."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from taxonomy.models import Section
from tests.articles.test_workflow import change_url, edit_form
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors():
    first, second = Client(), Client()
    first.force_login(make_staff("amina", "Editor"))
    second.force_login(make_staff("yacine", "Editor"))
    return first, second


@pytest.fixture
def story(editors):
    first, _second = editors
    first.post(reverse("admin:articles_article_add"), edit_form(
        Article(headline_ar="الحكومة تعلن خطة النقل", body_ar="<p>الخطة تشمل عشر ولايات.</p>", status="draft"),
        loaded_version="",
    ))
    return Article.objects.get()


@pytest.fixture
def both_changed_the_headline(editors, story):
    """Yacine saved a new headline while Amina was changing it too; Amina's save was refused."""
    first, second = editors
    form_of_first, form_of_second = edit_form(story), edit_form(story)
    assert second.post(change_url(story), dict(form_of_second, headline_ar="عنوان يسين")).status_code == 302
    mine = dict(form_of_first, headline_ar="عنوان أمينة")
    refused = first.post(change_url(story), mine)
    assert refused.status_code == 200
    return refused, mine


def second_save(refused, mine, **choices):
    """Amina's form as the refusal sent it back (the merge's hidden fields included), saved again."""
    form = refused.context["adminform"].form
    data = dict(mine, loaded_version=str(form.data["loaded_version"]), _merge_fields=form.merge.fields)
    for conflict in form.merge.conflicts:
        if conflict.is_text:
            data["_mine_" + conflict.name] = conflict.mine_posted
    data.update(choices)
    return data


def test_the_refusal_offers_theirs_mine_or_an_edit_for_each_field_both_changed(both_changed_the_headline):
    refused, _mine = both_changed_the_headline
    page = refused.content.decode()
    assert 'name="_merge_headline_ar" value="theirs"' in page
    assert 'name="_merge_headline_ar" value="mine"' in page
    assert 'name="_merge_headline_ar" value="edited"' in page
    assert "<del>يسين</del><ins>أمينة</ins>" in page, "a word diff from theirs to mine"
    assert 'name="_replace_theirs"' in page


def test_saving_again_without_choosing_never_overwrites_their_change(editors, story, both_changed_the_headline):
    first, _second = editors
    refused, mine = both_changed_the_headline
    response = first.post(change_url(story), second_save(refused, mine))
    assert response.status_code == 200
    assert Article.objects.get().headline_ar == "عنوان يسين"
    assert 'name="_merge_headline_ar" value="theirs"' in response.content.decode(), "the choice is asked again"


def test_choosing_theirs_keeps_their_headline(editors, story, both_changed_the_headline):
    first, _second = editors
    refused, mine = both_changed_the_headline
    assert first.post(change_url(story), second_save(refused, mine, _merge_headline_ar="theirs")).status_code == 302
    assert Article.objects.get().headline_ar == "عنوان يسين"


def test_choosing_mine_keeps_my_headline_even_after_editing_the_box(editors, story, both_changed_the_headline):
    first, _second = editors
    refused, mine = both_changed_the_headline
    data = second_save(refused, mine, _merge_headline_ar="mine", headline_ar="شيء آخر")
    assert first.post(change_url(story), data).status_code == 302
    assert Article.objects.get().headline_ar == "عنوان أمينة"


def test_choosing_my_edit_saves_what_is_in_the_box(editors, story, both_changed_the_headline):
    first, _second = editors
    refused, mine = both_changed_the_headline
    data = second_save(refused, mine, _merge_headline_ar="edited", headline_ar="عنوان يسين وأمينة")
    assert first.post(change_url(story), data).status_code == 302
    assert Article.objects.get().headline_ar == "عنوان يسين وأمينة"


def test_replacing_their_version_on_purpose_names_what_is_lost_and_saves_mine(
    editors, story, both_changed_the_headline
):
    first, _second = editors
    refused, mine = both_changed_the_headline
    assert "العنوان (العربية)" in refused.context["adminform"].form.merge.conflict_labels
    assert first.post(change_url(story), second_save(refused, mine, _replace_theirs="1")).status_code == 302
    assert Article.objects.get().headline_ar == "عنوان أمينة"


def test_fields_only_they_changed_come_from_theirs_and_fields_only_i_changed_stay_mine(editors, story):
    first, second = editors
    section = Section.objects.create(name_ar="رياضة")
    form_of_first, form_of_second = edit_form(story), edit_form(story)
    second.post(change_url(story), dict(form_of_second, body_ar="<p>نص يسين.</p>", section=str(section.pk)))
    refused = first.post(change_url(story), dict(form_of_first, headline_ar="عنوان أمينة"))
    form = refused.context["adminform"].form
    assert form.merge.conflicts == []
    assert form.data["body_ar"] == "<p>نص يسين.</p>" and form.data["section"] == str(section.pk)
    assert form.data["headline_ar"] == "عنوان أمينة"
    saved = first.post(change_url(story), dict(form.data.items()))
    assert saved.status_code == 302
    final = Article.objects.get()
    assert (final.headline_ar, final.body_ar, final.section) == ("عنوان أمينة", "<p>نص يسين.</p>", section)
