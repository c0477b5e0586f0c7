from django.core.management.base import BaseCommand

from jaring.web.demo import load_demo_data


class Command(BaseCommand):
    help = "Memuat data demo (aman dijalankan ulang) dan menampilkan akun demo untuk setiap peran."

    def handle(self, *args, **options):
        logins = load_demo_data()
        self.stdout.write("\nAkun demo (http://127.0.0.1:8000/masuk/):")
        for username, password, role in logins:
            self.stdout.write(f"  {role:<38} {username:<16} {password}")
        self.stdout.write("")
