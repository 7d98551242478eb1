"""The API's JSON parser. A module of its own: DRF imports it (DEFAULT_PARSER_CLASSES) while rest_framework.views is
still loading, so it must not import the views (pension/rest.py does)."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, but a body nested deeper than Python can decode, or one that is not an object, is a 400
    (not a RecursionError, not an AttributeError in the view)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        except ParseError:
            # DRF's own message is English and quotes the decoder ("JSON parse error - Expecting value ...").
            raise ParseError(_("The body is not valid JSON.")) from None
        if not isinstance(data, dict):
            # Every operation takes an object; a list or a bare value would reach `request.data.get(...)`.
            raise ParseError(_("The JSON body must be an object."))
        return data
