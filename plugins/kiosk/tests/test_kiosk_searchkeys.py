"""Search keys: 拼音首字母 and full pinyin from pypinyin, plus abbreviations such as 低保."""

from __future__ import annotations

from gov_disclosure_kiosk.searchkeys import extra_terms, search_keys


def test_initials_and_full_pinyin_of_a_title() -> None:
    keys = search_keys("关于低保工作的通知")
    assert keys.initials == "gydbgzdtz"
    assert keys.full == "guanyudibaogongzuodetongzhi"
    assert keys.text == "关于低保工作的通知"


def test_the_full_form_is_also_found_by_its_abbreviation() -> None:
    keys = search_keys("示例镇2026年3月城乡最低生活保障对象公示")
    assert "db" in keys.initials.split()
    assert "dibao" in keys.full.split()
    assert "低保" in keys.text
    assert "zdshbz" in keys.initials  # the full form's own initials stay searchable


def test_digits_and_latin_letters_stay_and_punctuation_goes() -> None:
    keys = search_keys("《PM2.5 监测》通报")
    assert keys.initials == "pm25jctb"
    assert keys.full == "pm25jiancetongbao"


def test_extra_terms_come_from_the_given_table_only() -> None:
    assert extra_terms("住房公积金缴存通知", {"住房公积金": "公积金"}) == ["公积金"]
    assert extra_terms("住房公积金缴存通知", {}) == []
