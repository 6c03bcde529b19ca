"""client.tls_context: the system's trusted certificates only where an endpoint speaks TLS."""

import ssl

from jianmi_desktop.client import Endpoints, tls_context


def test_plain_http_endpoints_get_a_context_that_verifies_and_trusts_no_certificate():
    for endpoints in (Endpoints(), Endpoints.on_one_host("http://127.0.0.1:8080")):
        context = tls_context(endpoints)
        assert isinstance(context, ssl.SSLContext)
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
        assert context.cert_store_stats()["x509_ca"] == 0   # nothing loaded: no TLS peer can be trusted


def test_an_https_endpoint_gets_the_usual_trusted_certificates():
    assert tls_context(Endpoints(clientapi="HTTPS://i.example.com/ClientApi")) is True
    assert tls_context(Endpoints.on_one_host("https://127.0.0.1:8443")) is True
