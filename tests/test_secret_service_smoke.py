from secret_service import secret_service  # noqa: F401
import subprocess, sys


def test_keyring_default_backend_is_secret_service(secret_service):
    code = "import keyring; print(type(keyring.get_keyring()).__module__)"
    out = subprocess.run([sys.executable, "-c", code], env=secret_service.env, capture_output=True, text=True)
    assert "SecretService" in out.stdout, out
    secret_service.store("probe", "abc")
    assert secret_service.lookup("probe") == "abc"
