def test_openapi_schema_documents_the_funds_contract(api, officer):
    r = api(officer).get("/api/schema/?format=json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in ("/api/v1/deposits/", "/api/v1/deposits/{id}/reverse/", "/api/v1/reconciliation/",
                 "/api/v1/accounts/{resident_id}/statement/", "/api/v1/interest-runs/"):
        assert path in paths, path
    create = paths["/api/v1/deposits/"]["post"]
    headers = [p for p in create["parameters"] if p["in"] == "header"]
    assert headers and headers[0]["name"] == "Idempotency-Key" and headers[0]["required"] is True
    recon = {p["name"]: p for p in paths["/api/v1/reconciliation/"]["get"]["parameters"]}
    assert recon["township"]["required"] and recon["date"]["required"]
