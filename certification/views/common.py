from django.core.exceptions import ValidationError


def error_dict(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    return {"general": [str(m) for m in exc.messages]}


def error_text(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])
