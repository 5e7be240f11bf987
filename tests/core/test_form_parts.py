"""Every form reads its input through core/form_parts: no capability drops NUL characters itself."""

import io

from flask import request


def test_nul_characters_are_removed_from_posted_values_queries_and_file_names(app):
    data = {"reason": "A flood\x00 overnight", "only": "\x00\x00", "evidence": (io.BytesIO(b"x"), "pho\x00to.png")}
    with app.test_request_context("/?region=Lon\x00don", method="POST", data=data):
        assert request.form["reason"] == "A flood overnight"
        assert request.form["only"] == ""
        assert request.args["region"] == "London"
        assert request.files["evidence"].filename == "photo.png"


def test_a_value_posted_twice_keeps_both_answers(app):
    with app.test_request_context("/", method="POST", data={"team": ["1\x00", "2"]}):
        assert request.form.getlist("team") == ["1", "2"]
