window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "id_str" : "666567149186502656",
      "created_at" : "Tue Nov 17 10:42:47 +0000 2015",
      "full_text" : "conteggio sbagliato",
      "retweet_count" : "tre",
      "favorite_count" : "0"
    }
  },
  {
    "tweet" : {
      "id_str" : "666581025324072960",
      "created_at" : "2015-11-17T11:37:55.000Z",
      "full_text" : "data sbagliata",
      "retweet_count" : "0",
      "favorite_count" : "0"
    }
  }
];
