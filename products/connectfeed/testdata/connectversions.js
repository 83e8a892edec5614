/* recorded shape of the public feed (trimmed): the same id is reused by several titles */
AW4.connectVersions = {
  "timestamp": "2026-01-01T00:00:00Z",
  "entries": [
    {"id": "urn:uuid:589F9EE5-0489-4F73-9982-A612FAC70C4E", "title": "Aspera Connect for Windows", "version": "4.2.12.780", "updated": "2024-05-01",
     "links": [
       {"title": "Windows Installer", "type": "application/octet-stream", "href": "bin/IBMAsperaConnectSetup-v4.2.12.780.exe", "hreflang": "en", "rel": "enclosure"},
       {"title": "Aspera Connect for Windows Release Notes", "type": "text/html", "href": "https://www.ibm.com/docs/en/aspera-connect/4.2?topic=notes-release", "hreflang": "en", "rel": "release-notes"}
     ]},
    {"id": "urn:uuid:589F9EE5-0489-4F73-9982-A612FAC70C4E", "title": "Aspera Connect for Windows XP", "version": "3.6.2", "links": []},
    {"id": "urn:uuid:D8629AD2-6898-4811-A46F-2AF386531BFF", "title": "Aspera Connect for Mac Intel 10.6", "version": "4.2.12.780",
     "links": [
       {"title": "Mac Intel Installer", "type": "application/octet-stream", "href": "bin/IBMAsperaConnectInstaller-4.2.12.780.dmg", "hreflang": "en", "rel": "enclosure"},
       {"title": "Aspera Connect PDF Documentation for Mac OS", "type": "application/pdf", "href": "docs/user/osx/en/pdf/Connect_User_3.7.0_OSX.pdf", "hreflang": "en", "rel": "documentation"}
     ]},
    {"id": "urn:uuid:97F94DF0-22B1-11E2-81C1-0800200C9A66", "title": "Aspera Connect for Linux 64", "version": "4.2.12.780",
     "links": [
       {"title": "Linux Installer", "type": "application/octet-stream", "href": "bin/ibm-aspera-connect_4.2.12.780_linux_x86_64.tar.gz", "hreflang": "en", "rel": "enclosure"},
       {"title": "Bad Link", "type": "application/octet-stream", "href": "bin/", "hreflang": "en", "rel": "enclosure"}
     ]}
  ]
};
