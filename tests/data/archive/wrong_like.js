window.YTD.like.part0 = [
  {
    "like" : {
      "tweetId" : "666567149186502656",
      "fullText" : "Lavoro, servizi...",
      "expandedUrl" : "https://twitter.com/i/web/status/666567149186502656"
    }
  },
  {
    "like" : {
      "tweetId" : "666581025324072960",
      "fullText" : "Laura Bononcini...",
      "expandedUrl" : "https://twitter.com/i/web/status/666581025324072960"
    }
  }
]