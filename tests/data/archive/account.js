window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "sara@example.org",
      "createdVia" : "web",
      "username" : "SaraDurantini",
      "accountId" : "3178327384",
      "createdAt" : "2015-04-25T08:00:00.000Z",
      "accountDisplayName" : "SaraDurantini"
    }
  }
]